/** Turning model descriptions and weights (ours or official S4) into compiled model directories. */
package io.s4stream.models.compile;
