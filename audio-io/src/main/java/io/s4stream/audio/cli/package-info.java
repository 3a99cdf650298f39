/**
 * The {@code publish} and {@code subscribe} commands (picocli), registered by the s4stream CLI
 * root.
 */
package io.s4stream.audio.cli;
