/**
 * The messages a node sends the control plane besides the configs it receives: acknowledgements
 * ({@code POST /v1/edge/acks} and the ack stream) and stats reports with origin health ({@code POST /v1/edge/stats}).
 * Both sides build and read these records, so the shape of a message is declared once (docs/edge.md, "The wire
 * contract").
 *
 * <p>Versioning: fields are only ever added. A reader ignores fields it does not know (a newer node may send more
 * than an older control plane reads), but refuses an enum value it does not know (the message would mean something
 * it cannot act on), naming the field.
 */
package dev.cdn.config.wire;
