package dev.cdn.edge.logic;

import java.util.List;
import java.util.Map;

/**
 * A response edge logic makes without going upstream.
 *
 * @param kind    redirect, synthetic response or CORS preflight
 * @param rule    the rule that answered
 * @param status  the HTTP status
 * @param headers fields to send, in order
 * @param body    the body (empty for redirects and preflights)
 */
public record Answer(AnswerKind kind, String rule, int status, List<Map.Entry<String, String>> headers, byte[] body) {
}
