/** ONNX Runtime execution of compiled S4 models: manifests, sessions, batched stepping. */
package io.s4stream.models.runtime;
