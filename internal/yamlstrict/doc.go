// Package yamlstrict decodes YAML files strictly: it walks the yaml.v3 node
// tree of a single-document file and reports every problem at once, each as
// file:line:column: key.path: message. Unknown keys are refused (with a
// "did you mean" suggestion for a likely typo), as are duplicate keys,
// values of the wrong type and a second document; aliases and merge keys
// (<<: *anchor) are followed, and a mistake in an anchored mapping merged
// into several places is reported once.
//
// Parse handles the document and hands its top node to a function that
// decodes it with a Decoder: Mapping for the keys a mapping accepts (each a
// Field), and Str, NonEmpty, IntIn, Duration, OneOf, Boolean, Items, Set
// and the like for values. What a value means is left to the caller, which
// adds its own checks and reports them with Errorf.
package yamlstrict
