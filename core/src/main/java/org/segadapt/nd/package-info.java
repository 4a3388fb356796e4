/**
 * Who owns a native buffer: {@link org.segadapt.nd.HostArrays} is the only place Java data becomes a tensor, and
 * what it returns is owned by libtorch, so any array may be closed as soon as its Java code reads it no more.
 */
package org.segadapt.nd;
