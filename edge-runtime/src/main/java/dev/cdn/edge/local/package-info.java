/**
 * In-process exchanges with the edge's own request path: a caller inside the node (ESI assembling a page) asks for a
 * URL and gets the answer a client would get, through the same routing, key, lookup, coalescing and fill, without an
 * HTTP exchange on a socket.
 */
package dev.cdn.edge.local;
