package io.tandem.server.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * The tab and seq of an agent's {@code events} frame, read from its header fields only: the page
 * data after them is never parsed.
 */
record EventPosition(String tab, long seq) {
  private static final JsonFactory JSON = new JsonFactory();

  static Optional<EventPosition> of(byte[] frame) {
    try (JsonParser parser = JSON.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      String tab = null;
      long seq = -1;
      while (parser.nextToken() == JsonToken.FIELD_NAME && (tab == null || seq < 0)) {
        String name = parser.currentName();
        parser.nextToken();
        if ("tab".equals(name)) {
          tab = parser.getText();
        } else if ("seq".equals(name)) {
          seq = parser.getLongValue();
        } else {
          parser.skipChildren();
        }
      }
      return tab == null || seq < 0 ? Optional.empty() : Optional.of(new EventPosition(tab, seq));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
