// Package shard splits one night over several crawl processes and puts it
// back together: the shards of a night (one per region, account or
// account×region, plus one for the static targets) each crawl their part
// into the set the orchestrator named and write a shard record; one
// finishing step then closes the set, turns every shard that never
// reported into failed entries whose clusters are carried forward stale,
// and writes the manifest. The result is the set one `auroradoc run` over
// the whole fleet would have written.
package shard
