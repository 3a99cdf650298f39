/** Immutable descriptions of models: S4 block settings and the layer stack of {@code model.json}. */
package io.s4stream.models.spec;
