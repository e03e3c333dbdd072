/**
 * A service's edge logic on the request path: experiments (A/B tests) and ordered request/response rules, compiled
 * once per config version ({@link dev.cdn.edge.logic.CompiledLogic}) and evaluated once per request into a
 * {@link dev.cdn.edge.logic.LogicOutcome} that the proxy applies (docs/edge-logic.md).
 */
package dev.cdn.edge.logic;
