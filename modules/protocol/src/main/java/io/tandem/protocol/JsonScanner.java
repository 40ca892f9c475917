package io.tandem.protocol;

/**
 * Checks JSON text byte by byte without building anything: structure, strings (escapes, control
 * characters, UTF-8), numbers, literals and nesting depth. It is what lets the server relay page
 * data it never decodes: one pass proves the bytes are well-formed JSON and counts an array's
 * elements, where a token walk (Jackson's) made objects for every token of every event.
 *
 * <p>A scanner reads one byte array from a position that only moves forward; every problem is a
 * {@link ProtocolException} with {@link ErrorCode#MALFORMED_FRAME} that says where it was.
 */
final class JsonScanner {
  private final byte[] bytes;
  private final int end;
  private final int maxDepth;
  private int pos;

  JsonScanner(byte[] bytes, int maxDepth) {
    this(bytes, 0, bytes.length, maxDepth);
  }

  JsonScanner(byte[] bytes, int offset, int end, int maxDepth) {
    this.bytes = bytes;
    this.pos = offset;
    this.end = end;
    this.maxDepth = maxDepth;
  }

  int position() {
    return pos;
  }

  boolean atEnd() {
    return pos >= end;
  }

  /** The next byte that is not whitespace, without consuming it; -1 at the end. */
  int peek() {
    skipWhitespace();
    return pos < end ? bytes[pos] & 0xFF : -1;
  }

  /** Consumes {@code expected} after optional whitespace, or fails saying what was wanted. */
  void expect(char expected, String wanted) {
    if (peek() != expected) {
      throw malformed(wanted);
    }
    pos++;
  }

  /**
   * Checks the array that starts here (after whitespace) and returns how many elements it has;
   * {@code depth} is the depth the array itself is at (the outermost value is at 1).
   */
  int array(int depth) {
    expect('[', "an array");
    enter(depth);
    if (peek() == ']') {
      pos++;
      return 0;
    }
    int count = 0;
    while (true) {
      value(depth + 1);
      count++;
      int next = peek();
      pos++;
      if (next == ']') {
        return count;
      }
      if (next != ',') {
        pos--;
        throw malformed("',' or ']' in an array");
      }
    }
  }

  /** Checks one value of any kind that starts here (after whitespace); {@code depth} as in {@link #array}. */
  void value(int depth) {
    int c = peek();
    switch (c) {
      case '[' -> array(depth);
      case '{' -> object(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw malformed(c < 0 ? "a value, not the end of the text" : "a value");
        }
      }
    }
  }

  /** Checks a string that starts here (after whitespace); answers whether it holds an escape. */
  boolean string() {
    expect('"', "a string");
    boolean escaped = false;
    while (pos < end) {
      int b = bytes[pos] & 0xFF;
      if (b == '"') {
        pos++;
        return escaped;
      }
      if (b == '\\') {
        escape();
        escaped = true;
      } else if (b < 0x20) {
        throw malformed("no control character inside a string (escape it)");
      } else if (b < 0x80) {
        pos++;
      } else {
        utf8(b);
      }
    }
    throw malformed("the end of a string");
  }

  private void object(int depth) {
    expect('{', "an object");
    enter(depth);
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      if (peek() != '"') {
        throw malformed("a field name in quotes");
      }
      string();
      expect(':', "':' after a field name");
      value(depth + 1);
      int next = peek();
      pos++;
      if (next == '}') {
        return;
      }
      if (next != ',') {
        pos--;
        throw malformed("',' or '}' in an object");
      }
    }
  }

  private void enter(int depth) {
    if (depth > maxDepth) {
      pos--;
      throw malformed("nesting of at most " + maxDepth + " levels");
    }
  }

  private void escape() {
    if (pos + 1 >= end) {
      throw malformed("an escape after '\\'");
    }
    int c = bytes[pos + 1];
    switch (c) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
      case 'u' -> {
        for (int i = 2; i < 6; i++) {
          if (pos + i >= end || Character.digit(bytes[pos + i], 16) < 0) {
            throw malformed("four hex digits after '\\u'");
          }
        }
        pos += 6;
      }
      default -> throw malformed("a valid escape after '\\'");
    }
  }

  /** One multi-byte UTF-8 sequence starting with {@code lead}, as RFC 3629 allows it. */
  private void utf8(int lead) {
    int length;
    int min = 0x80;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        min = 0xA0;
      } else if (lead == 0xED) {
        max = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        min = 0x90;
      } else if (lead == 0xF4) {
        max = 0x8F;
      }
    } else {
      throw malformed("valid UTF-8 text");
    }
    if (pos + length > end) {
      throw malformed("valid UTF-8 text");
    }
    int second = bytes[pos + 1] & 0xFF;
    if (second < min || second > max) {
      throw malformed("valid UTF-8 text");
    }
    for (int i = 2; i < length; i++) {
      if ((bytes[pos + i] & 0xC0) != 0x80) {
        throw malformed("valid UTF-8 text");
      }
    }
    pos += length;
  }

  private void number() {
    int start = pos;
    if (bytes[pos] == '-') {
      pos++;
    }
    if (pos < end && bytes[pos] == '0') {
      pos++;
    } else if (digits() == 0) {
      throw malformed("a digit in a number");
    }
    if (pos < end && bytes[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw malformed("a digit after a decimal point");
      }
    }
    if (pos < end && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
      pos++;
      if (pos < end && (bytes[pos] == '+' || bytes[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw malformed("a digit in an exponent");
      }
    }
    if (pos < end && isValueChar(bytes[pos])) {
      pos = start;
      throw malformed("a number (no leading zeros, no letters)");
    }
  }

  private int digits() {
    int start = pos;
    while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
      pos++;
    }
    return pos - start;
  }

  private void literal(String word) {
    int length = word.length();
    for (int i = 0; i < length; i++) {
      if (pos + i >= end || bytes[pos + i] != word.charAt(i)) {
        throw malformed("a value ('" + word + "'?)");
      }
    }
    pos += length;
    if (pos < end && isValueChar(bytes[pos])) {
      throw malformed("a separator after '" + word + "'");
    }
  }

  /** A byte that would continue a number or a literal: what may not follow one directly. */
  private static boolean isValueChar(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '.' || b == '-' || b == '+' || b == '_';
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = bytes[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      pos++;
    }
  }

  ProtocolException malformed(String wanted) {
    String found = pos >= end ? "the end of the text" : "byte " + pos;
    return new ProtocolException(ErrorCode.MALFORMED_FRAME, "not valid JSON: expected " + wanted + " at " + found);
  }
}
