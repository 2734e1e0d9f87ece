package main

import "embed"

//go:embed help/*.txt
var helpFiles embed.FS

// help returns the long help text help/<name>.txt.
func help(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("no help text " + name) // embedded at build time: a typo in this package
	}
	return string(b)
}
