// Package fleet resolves the configuration into what one crawl visits: the
// static targets with their passwords from the environment, the Aurora
// clusters discovered in AWS with their logins (Secrets Manager or IAM
// authentication) and the clusters skipped on the way, and the crawl
// options. It knows nothing of flags or output: the CLI prints.
package fleet
