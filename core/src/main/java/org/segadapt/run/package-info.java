/**
 * segadapt as a library: a {@link org.segadapt.run.RunSpec} describes a run, {@link org.segadapt.run.Runner} trains it into a run folder (resume, reports, provenance), {@link org.segadapt.run.PseudoLabeller} and {@link org.segadapt.run.SelfTrainingRounds} are CaDA's labelling and rounds.
 */
package org.segadapt.run;
