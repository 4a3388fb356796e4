/**
 * Files that survive crashes: atomic writes, the run lock, recursive delete.
 */
package org.segadapt.io;
