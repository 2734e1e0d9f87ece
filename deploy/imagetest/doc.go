// Package imagetest proves the container image without a container
// engine: it parses the repository's Dockerfile into stages and
// instructions, and its test assembles the filesystem the final stage
// describes in a directory and runs the binary there with nothing else on
// the path (unshare + a new root), so a runtime file the image lacks fails
// a test.
package imagetest
