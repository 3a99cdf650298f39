/** Classification events published by the job, and their JSON form. */
package io.s4stream.audio.event;
