/** S4 mathematics in float64: parameters, HiPPO initialisation, discretization, kernels and references. */
package io.s4stream.models.s4;
