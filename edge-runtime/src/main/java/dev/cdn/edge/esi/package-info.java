/**
 * Edge Side Includes: the ESI 1.0 language (W3C Note, 4 August 2001) as pure functions of values. A body is parsed
 * once ({@link dev.cdn.edge.esi.EsiParser}) into an immutable {@link dev.cdn.edge.esi.EsiDocument}; for each request
 * the document is evaluated against that request's {@link dev.cdn.edge.esi.RequestVariables} into an
 * {@link dev.cdn.edge.esi.Assembly} of literal text and includes to fetch. No I/O and no clock here: fetching the
 * includes belongs to the edge's delivery path.
 */
package dev.cdn.edge.esi;
