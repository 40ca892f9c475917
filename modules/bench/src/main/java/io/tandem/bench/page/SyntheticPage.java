package io.tandem.bench.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Wrote {@code recording/shop-page.json}: an rrweb stream of a shop's product listing (header,
 * search box, 48 product cards, cart, footer: about 500 nodes) and 2,000 incremental events in
 * the proportions a recorded session of such a page shows: mostly mouse moves, then scrolls,
 * mutations (prices, cart badge, toasts added and removed, class toggles), clicks and typing.
 * Deterministic, so the committed file can be rebuilt byte for byte:
 * {@code java -cp tandem-bench.jar io.tandem.bench.page.SyntheticPage out.json}.
 */
public final class SyntheticPage {
  private static final int CARDS = 48;
  private static final int INCREMENTAL_EVENTS = 2000;
  private static final long START_MS = 1_764_050_000_000L;
  private static final String[] WORDS = {
    "linen", "shirt", "oak", "table", "ceramic", "mug", "wool", "scarf", "desk", "lamp", "leather", "bag",
    "cotton", "towel", "steel", "bottle", "walnut", "shelf", "canvas", "sneaker", "glass", "vase", "pine", "stool"
  };

  private final Random random = new Random(42);
  private long nextId = 1;
  private long clock = START_MS;
  private final List<Long> cardIds = new ArrayList<>();
  private final List<Long> priceTextIds = new ArrayList<>();
  private final List<Long> buttonIds = new ArrayList<>();
  private long searchInputId;
  private long cartBadgeTextId;
  private long toastHostId;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SyntheticPage <output.json>");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), new SyntheticPage().build().encode() + "\n");
  }

  JsonObject build() {
    JsonObject meta = event(4, new JsonObject().put("href", "https://shop.example/catalogue?page=2").put("width", 1440).put("height", 900));
    JsonObject snapshot = event(2, new JsonObject().put("node", document()).put("initialOffset", new JsonObject().put("left", 0).put("top", 0)));
    JsonArray incremental = new JsonArray();
    for (int i = 0; i < INCREMENTAL_EVENTS; i++) {
      clock += 10 + random.nextInt(50);
      incremental.add(incrementalEvent(i));
    }
    return new JsonObject()
        .put("source", "synthetic: io.tandem.bench.page.SyntheticPage (seed 42), a shop product listing")
        .put("meta", meta).put("fullSnapshot", snapshot).put("incremental", incremental);
  }

  private JsonObject event(int type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data).put("timestamp", clock);
  }

  private JsonObject document() {
    JsonObject doc = new JsonObject().put("type", 0).put("childNodes", new JsonArray()).put("id", nextId++);
    doc.getJsonArray("childNodes").add(new JsonObject().put("type", 1).put("name", "html").put("publicId", "").put("systemId", "").put("id", nextId++));
    JsonObject html = element("html", attrs("lang", "en"));
    html.getJsonArray("childNodes").add(head()).add(body());
    doc.getJsonArray("childNodes").add(html);
    return doc;
  }

  private JsonObject head() {
    JsonObject head = element("head", attrs());
    add(head, element("meta", attrs("charset", "utf-8")));
    add(head, element("meta", attrs("name", "viewport", "content", "width=device-width, initial-scale=1")));
    add(head, withText(element("title", attrs()), "Catalogue, page 2 | Example Shop"));
    StringBuilder css = new StringBuilder();
    for (String selector : new String[] {".grid", ".card", ".card img", ".card h3", ".price", ".buy", ".nav a", ".toast", ".footer", ".search"}) {
      css.append(selector).append(" { display: flex; margin: 0 8px; padding: 12px 16px; font: 14px/1.4 system-ui, sans-serif; color: #1d2433; border-radius: 6px; }\n");
    }
    add(head, withText(element("style", attrs()), css.toString()));
    add(head, element("link", attrs("rel", "icon", "href", "/favicon.ico")));
    return head;
  }

  private JsonObject body() {
    JsonObject body = element("body", attrs("class", "catalogue"));
    JsonObject header = element("header", attrs("class", "top"));
    JsonObject nav = element("nav", attrs("class", "nav"));
    for (String label : new String[] {"Home", "New in", "Living", "Kitchen", "Outdoor", "Sale", "Help"}) {
      add(nav, withText(element("a", attrs("href", "/" + label.toLowerCase().replace(' ', '-'))), label));
    }
    add(header, nav);
    JsonObject search = element("input", attrs("class", "search", "type", "search", "placeholder", "Search products"));
    searchInputId = search.getLong("id");
    add(header, search);
    JsonObject cart = element("a", attrs("class", "cart", "href", "/cart"));
    JsonObject badge = element("span", attrs("class", "badge"));
    cartBadgeTextId = nextId;
    withText(badge, "0");
    add(cart, badge);
    add(header, cart);
    add(body, header);
    JsonObject main = element("main", attrs("class", "grid"));
    for (int i = 0; i < CARDS; i++) {
      add(main, card(i));
    }
    add(body, main);
    JsonObject toasts = element("div", attrs("class", "toasts", "aria-live", "polite"));
    toastHostId = toasts.getLong("id");
    add(body, toasts);
    JsonObject footer = element("footer", attrs("class", "footer"));
    add(footer, withText(element("p", attrs()), "Example Shop, 12 Market Street. Free returns within 30 days."));
    add(body, footer);
    return body;
  }

  private JsonObject card(int index) {
    String name = word() + " " + word();
    JsonObject card = element("article", attrs("class", "card", "data-sku", "SKU-" + (10_000 + index)));
    cardIds.add(card.getLong("id"));
    add(card, element("img", attrs("src", "/img/products/" + (10_000 + index) + ".webp", "alt", name, "width", "280", "height", "280")));
    add(card, withText(element("h3", attrs()), name));
    JsonObject price = element("p", attrs("class", "price"));
    priceTextIds.add(nextId);
    add(card, withText(price, price()));
    add(card, withText(element("p", attrs("class", "stock")), random.nextBoolean() ? "In stock" : "Ships in 3 days"));
    JsonObject buy = element("button", attrs("class", "buy", "type", "button"));
    buttonIds.add(buy.getLong("id"));
    add(card, withText(buy, "Add to cart"));
    return card;
  }

  private JsonObject incrementalEvent(int index) {
    int roll = random.nextInt(100);
    JsonObject data;
    if (roll < 45) {
      JsonArray positions = new JsonArray();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        positions.add(new JsonObject().put("x", random.nextInt(1440)).put("y", random.nextInt(900)).put("id", pick(cardIds)).put("timeOffset", -50 * (count - i)));
      }
      data = new JsonObject().put("source", 1).put("positions", positions);
    } else if (roll < 60) {
      data = new JsonObject().put("source", 3).put("id", 1).put("x", 0).put("y", random.nextInt(6000));
    } else if (roll < 80) {
      data = mutation(index);
    } else if (roll < 90) {
      data = new JsonObject().put("source", 2).put("type", random.nextInt(3)).put("id", pick(buttonIds)).put("x", random.nextInt(1440)).put("y", random.nextInt(900));
    } else {
      String query = word();
      data = new JsonObject().put("source", 5).put("text", query.substring(0, 1 + random.nextInt(query.length()))).put("isChecked", false).put("id", searchInputId);
    }
    return event(3, data);
  }

  private JsonObject mutation(int index) {
    JsonObject data = new JsonObject().put("source", 0).put("texts", new JsonArray()).put("attributes", new JsonArray())
        .put("removes", new JsonArray()).put("adds", new JsonArray());
    int kind = random.nextInt(4);
    if (kind == 0) {
      data.getJsonArray("texts").add(new JsonObject().put("id", pick(priceTextIds)).put("value", price()));
    } else if (kind == 1) {
      data.getJsonArray("texts").add(new JsonObject().put("id", cartBadgeTextId).put("value", String.valueOf(index % 9)));
    } else if (kind == 2) {
      data.getJsonArray("attributes").add(new JsonObject().put("id", pick(cardIds))
          .put("attributes", new JsonObject().put("class", random.nextBoolean() ? "card hover" : "card")));
    } else {
      JsonObject toast = element("div", attrs("class", "toast", "role", "status"));
      withText(toast, word() + " " + word() + " was added to your cart");
      data.getJsonArray("adds").add(new JsonObject().put("parentId", toastHostId).put("nextId", (Object) null).put("node", toast));
      data.getJsonArray("removes").add(new JsonObject().put("parentId", toastHostId).put("id", toast.getLong("id") - 3));
    }
    return data;
  }

  private JsonObject element(String tag, JsonObject attributes) {
    return new JsonObject().put("type", 2).put("tagName", tag).put("attributes", attributes).put("childNodes", new JsonArray()).put("id", nextId++);
  }

  private JsonObject withText(JsonObject element, String text) {
    element.getJsonArray("childNodes").add(new JsonObject().put("type", 3).put("textContent", text).put("id", nextId++));
    return element;
  }

  private static void add(JsonObject parent, JsonObject child) {
    parent.getJsonArray("childNodes").add(child);
  }

  private static JsonObject attrs(String... pairs) {
    JsonObject attributes = new JsonObject();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      attributes.put(pairs[i], pairs[i + 1]);
    }
    return attributes;
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private String price() {
    return String.format(java.util.Locale.ROOT, "%d.%02d EUR", 5 + random.nextInt(300), random.nextInt(100));
  }

  private long pick(List<Long> ids) {
    return ids.get(random.nextInt(ids.size()));
  }
}
