// Package atomicfile replaces files atomically: a reader, another writer or
// a crash sees either the old content of a file or the complete new
// content, never a missing, torn or half-written file.
//
// Every write goes to a temporary file with a unique name in the target's
// directory (see TempPrefix), is synced to disk, given its mode, renamed
// over the target, and the directory is synced so that the rename itself
// survives a crash. On any failure the temporary file is removed and the
// target is left as it was.
package atomicfile
