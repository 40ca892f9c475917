package io.tandem.server.sessionlist;

import io.tandem.protocol.ListRequest;
import io.tandem.protocol.ListSort;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The session list as of one push, answering windows. Each distinct query (what the agent may see,
 * search, project, sort) is filtered and sorted once, each page of it is cut once, and each frame
 * (a whole page, or the change from one page to another) is built once, however many agents share
 * them. Searching happens here, on the node, over every session the node knows of.
 * Not thread-safe: a view serves one push on one context.
 */
public final class ListView {
  private static final Comparator<SessionSummary> BY_ROOM = Comparator.comparing(SessionSummary::room);
  private static final Comparator<SessionSummary> NEWEST =
      Comparator.comparingLong(SessionSummary::startedAt).reversed().thenComparing(BY_ROOM);
  private static final Comparator<SessionSummary> OLDEST = Comparator.comparingLong(SessionSummary::startedAt).thenComparing(BY_ROOM);
  private static final Comparator<SessionSummary> BY_USER =
      Comparator.comparing((SessionSummary s) -> userOf(s).isEmpty()).thenComparing(ListView::userOf).thenComparing(NEWEST);

  private final List<SessionSummary> sessions;
  private final Map<Query, List<SessionSummary>> matching = new HashMap<>();
  private final Map<PageKey, Page> pages = new HashMap<>();
  private final Map<SessionSummary, String> haystacks = new IdentityHashMap<>();
  private final Map<Page, Map<Long, byte[]>> wholeFrames = new IdentityHashMap<>();
  private final Map<Page, Map<Page, Optional<byte[]>>> deltaFrames = new IdentityHashMap<>();

  public ListView(List<SessionSummary> sessions) {
    this.sessions = sessions;
  }

  /** What a query selects depends on what the agent may see, not on who the agent is. */
  private record Query(Object visibility, String search, String project, ListSort sort) {}

  private record PageKey(Query query, int offset, int limit) {}

  /** One page of one query, and how many sessions the query matches in all. */
  record Page(List<SessionSummary> entries, int total) {}

  /** The page {@code request} asks of the sessions {@code agent} may see. */
  Page page(AgentIdentity agent, ListRequest request) {
    Object visibility = agent.hasRole(AgentIdentity.ROLE_ADMIN) ? AgentIdentity.ROLE_ADMIN : Set.copyOf(agent.projects());
    Query query = new Query(visibility, request.search(), request.project(), request.sort());
    return pages.computeIfAbsent(new PageKey(query, request.offset(), request.limit()), key -> {
      List<SessionSummary> all = matching.computeIfAbsent(query, q -> select(agent, q));
      int from = Math.min(request.offset(), all.size());
      int to = (int) Math.min((long) from + request.limit(), all.size());
      return new Page(List.copyOf(all.subList(from, to)), all.size());
    });
  }

  /** The whole window: {@code page} at {@code offset}, answering the request {@code id}. */
  byte[] whole(Page page, long id, int offset) {
    return wholeFrames.computeIfAbsent(page, p -> new HashMap<>())
        .computeIfAbsent(id, i -> ServerFrames.listWindow(id, page.total(), offset, page.entries()));
  }

  /** The change from a window that showed {@code before} to one showing {@code after}; empty if none. */
  Optional<byte[]> delta(Page before, Page after) {
    return deltaFrames.computeIfAbsent(before, p -> new IdentityHashMap<>())
        .computeIfAbsent(after, a -> WindowDelta.between(before.entries(), before.total(), after.entries(), after.total()).map(WindowDelta::frame));
  }

  private List<SessionSummary> select(AgentIdentity agent, Query query) {
    return sessions.stream()
        .filter(s -> agent.sees(s.projectId()))
        .filter(s -> query.project() == null || query.project().equals(s.projectId()))
        .filter(s -> query.search().isEmpty() || haystack(s).contains(query.search()))
        .sorted(order(query.sort()))
        .toList();
  }

  private static Comparator<SessionSummary> order(ListSort sort) {
    return switch (sort) {
      case NEWEST -> NEWEST;
      case OLDEST -> OLDEST;
      case USER -> BY_USER;
    };
  }

  /** What a search matches, lower-cased: room id, user id, every tab's URL and title, metadata as {@code key:value}. */
  private String haystack(SessionSummary session) {
    return haystacks.computeIfAbsent(session, s -> {
      StringBuilder text = new StringBuilder(s.room()).append('\n').append(userOf(s));
      s.tabs().forEach(tab -> text.append('\n').append(Objects.toString(tab.url(), "")).append('\n').append(Objects.toString(tab.title(), "")));
      if (s.metadata() != null) {
        s.metadata().forEach((key, value) -> text.append('\n').append(key).append(':').append(value));
      }
      return text.toString().toLowerCase(Locale.ROOT);
    });
  }

  private static String userOf(SessionSummary session) {
    return Objects.requireNonNullElse(session.userId(), "");
  }
}
