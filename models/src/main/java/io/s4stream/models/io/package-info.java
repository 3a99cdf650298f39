/** Reading and writing model files: safetensors weights, settings and manifests. */
package io.s4stream.models.io;
