package io.tandem.server.admin;

import io.tandem.server.auth.Accounts;
import io.tandem.server.auth.AgentTokens;
import io.tandem.server.auth.LoginHandler;
import io.tandem.server.auth.Projects;
import io.tandem.server.recording.RecordingLimits;
import io.tandem.server.recording.UploadSlots;
import io.tandem.server.room.Rooms;
import io.tandem.server.routing.AgentRouter;
import io.tandem.server.signaling.IceServers;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.storage.ProjectStore;
import io.tandem.server.storage.RecordingStore;
import io.tandem.server.storage.RetentionPurge;
import io.tandem.server.storage.UserData;
import io.tandem.server.support.SupportCodes;

/** What the REST API works on; the handlers are thin layers over these. */
public record Services(
    AgentTokens tokens,
    LoginHandler login,
    Accounts accounts,
    ProjectStore projectStore,
    Projects projects,
    Rooms rooms,
    AgentRouter router,
    AuditLog audit,
    RecordingStore recordings,
    IceServers iceServers,
    RecordingLimits recordingLimits,
    UploadSlots uploadSlots,
    RetentionPurge retention,
    UserData userData,
    SupportCodes supportCodes) {}
