/** The s4stream command line: demo, publish, subscribe, run-job, classify, model. */
package io.s4stream.cli;
