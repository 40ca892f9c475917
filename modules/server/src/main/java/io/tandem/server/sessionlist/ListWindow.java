package io.tandem.server.sessionlist;

import io.tandem.protocol.ListRequest;
import io.tandem.server.auth.AgentIdentity;
import java.util.Optional;

/**
 * One agent's window of the session list: the page it asked for and the page it was last sent. A new
 * request (or a change of what the agent may see) earns the whole page at the next push; after that
 * each push sends only how the page changed, or nothing.
 */
public final class ListWindow {
  private ListRequest request;
  private ListView.Page shown;
  private boolean whole = true;

  public ListWindow(ListRequest request) {
    this.request = request;
  }

  /** The console asked for another window (search, sort, page): it gets it whole. */
  public void ask(ListRequest next) {
    this.request = next;
    this.whole = true;
  }

  /** What the agent may see changed: the window is sent whole again. */
  public void resend() {
    this.whole = true;
  }

  /** Whether the next push owes this window a whole page, even if the list did not change. */
  public boolean owed() {
    return whole;
  }

  /** The frame this push owes the agent, if any; afterwards the window shows the view's page. */
  public Optional<byte[]> next(ListView view, AgentIdentity agent) {
    ListView.Page page = view.page(agent, request);
    Optional<byte[]> frame = whole ? Optional.of(view.whole(page, request.id(), request.offset())) : view.delta(shown, page);
    whole = false;
    shown = page;
    return frame;
  }
}
