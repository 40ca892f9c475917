package io.tandem.server.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the identity provider's verified claims into what Tandem knows of an agent: the id from
 * {@code usernameClaim} (lower-cased), the name from {@code nameClaim}; with {@code adminGroup}
 * set, whether the agent is an admin (the group in {@code groupsClaim}); with {@code projectsClaim}
 * set, the projects they see. Unset, roles and projects stay as admins set them in Tandem.
 */
public final class ClaimMapping {
  private final SsoSettings settings;

  /** An agent as the provider describes them; empty optionals: the provider does not decide that. */
  public record Mapped(String id, String name, Optional<Boolean> admin, Optional<Set<String>> projects) {}

  public ClaimMapping(SsoSettings settings) {
    this.settings = settings;
  }

  /** Fails with {@link SsoRefused} when the claims name no usable agent id. */
  public Mapped map(JsonObject claims) {
    Object username = claims.getValue(settings.usernameClaim());
    if (!(username instanceof String text) || text.isBlank()) {
      throw new SsoRefused("NO_USERNAME", "the identity provider's token has no '" + settings.usernameClaim()
          + "' claim (auth.sso.usernameClaim)");
    }
    String id = text.trim().toLowerCase(Locale.ROOT);
    if (!AgentIdentity.ID.matcher(id).matches()) {
      throw new SsoRefused("BAD_USERNAME", "the '" + settings.usernameClaim() + "' claim is not an agent id: " + AgentIdentity.ID_FORMAT);
    }
    Object name = claims.getValue(settings.nameClaim());
    String shown = name instanceof String given && !given.isBlank() ? given.trim() : id;
    Optional<Boolean> admin = settings.adminGroup().isEmpty() ? Optional.empty()
        : Optional.of(values(claims.getValue(settings.groupsClaim())).contains(settings.adminGroup()));
    Optional<Set<String>> projects = settings.projectsClaim().isEmpty() ? Optional.empty()
        : Optional.of(new TreeSet<>(values(claims.getValue(settings.projectsClaim()))));
    return new Mapped(id, shown.length() > 200 ? shown.substring(0, 200) : shown, admin, projects);
  }

  /** The agent as stored, with what the provider decides applied over it. */
  public static Agent apply(Mapped mapped, Agent agent) {
    List<String> roles = new ArrayList<>(agent.roles());
    mapped.admin().ifPresent(admin -> {
      roles.remove(AgentIdentity.ROLE_ADMIN);
      if (admin) {
        roles.add(AgentIdentity.ROLE_ADMIN);
      }
    });
    return new Agent(agent.id(), mapped.name(), roles, mapped.projects().orElse(agent.projects()), agent.disabled(),
        agent.createdAt(), agent.tokenVersion());
  }

  /** A claim holding several values: a JSON array, or one string separated by spaces or commas (as some providers send). */
  private static Collection<String> values(Object claim) {
    if (claim instanceof JsonArray array) {
      return array.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    if (claim instanceof String text) {
      return Arrays.stream(text.split("[\\s,]+")).filter(value -> !value.isEmpty()).toList();
    }
    return List.of();
  }
}
