package io.tandem.protocol;

import java.util.List;
import java.util.Map;

/** One live session as agents see it in their list and in a joined room. */
public record SessionSummary(
    String room,
    String projectId,
    String userId,
    Map<String, String> metadata,
    long startedAt,
    String state,
    List<Tab> tabs,
    List<AgentInfo> agents) {

  public record Tab(String tabId, String url, String title, boolean visible, boolean connected) {}
}
