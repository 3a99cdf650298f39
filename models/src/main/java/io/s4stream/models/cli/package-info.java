/** The {@code s4stream model ...} commands: import, compile, run, bench. */
package io.s4stream.models.cli;
