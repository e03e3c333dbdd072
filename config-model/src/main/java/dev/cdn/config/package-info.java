/**
 * The compiled edge configuration: immutable records that the control plane writes and every edge runtime
 * reads, their JSON codec ({@link ConfigCodec}) and their validation ({@link ConfigValidator}).
 *
 * <p>This module has no Spring and no Netty dependency on purpose: it is the contract between the control plane
 * and the data plane, and a standalone edge reads the same format from a file.
 */
package dev.cdn.config;
