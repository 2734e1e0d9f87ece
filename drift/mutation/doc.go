// Package mutation is a catalogue of schema changes for measuring drift's
// completeness: each kind changes the realistic fixture schema
// (internal/fixtures) in one way and names the findings drift must report
// for it; Plan combines one change of every kind, picked and grouped at
// random from a seed, into nights whose changes touch disjoint objects; Match
// scores a night's findings (recall and precision).
package mutation
