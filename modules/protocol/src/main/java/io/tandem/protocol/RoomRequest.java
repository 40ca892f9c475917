package io.tandem.protocol;

/** A {@code join} or {@code leave} from an agent, naming the room by its session id. */
public record RoomRequest(String room) {

  public static RoomRequest from(Frame frame) {
    return new RoomRequest(TrackerHello.id(frame, "room"));
  }
}
