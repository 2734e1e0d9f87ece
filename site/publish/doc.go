// Package publish uploads a rendered documentation site (a local directory
// tree) to s3://bucket/prefix incrementally and in an order that is safe for
// readers: it uploads only what changed, uploads the entry pages (indexes,
// manifests, search indexes) after the pages they point to and the root
// index.html last of all, and deletes stale objects only once every upload
// has succeeded.
//
// It publishes only a finished render: a directory whose marker
// (package sitedir) is missing, damaged or says the render did not finish
// is refused unless Options.AllowIncomplete, and it holds the directory's
// lock (shared) while it reads the files, so a render cannot change them
// meanwhile (nor start: it fails saying a publish holds the directory). A
// target without a prefix (the whole bucket) needs Options.AllowBucketRoot,
// since every other object in the bucket would be deleted.
//
// # Change detection
//
// Every object is uploaded in a single PutObject with the content's SHA-256
// in its metadata (x-amz-meta-sha256) and a Content-MD5 header, so S3
// rejects a file that changed between planning and upload. To decide what
// changed, BuildPlan lists the prefix with ListObjectsV2, which returns each
// object's size and ETag but not its metadata:
//
//   - key absent: the file is new;
//   - size differs: the file changed;
//   - ETag a plain quoted MD5 (32 hex digits, the ETag of a single-part
//     upload without SSE-KMS/SSE-C): it is compared with the local file's
//     MD5, computed alongside the SHA-256, and no further request is made;
//   - any other ETag (a multipart upload's "md5-of-md5s-N"): one HeadObject
//     reads the sha256 metadata and compares it with the local SHA-256;
//     an object without that metadata counts as changed.
//
// So a nightly run costs one ListObjectsV2 page per 1,000 objects plus one
// PutObject per changed file. Known limit: in a bucket whose default
// encryption is SSE-KMS, single-part ETags are not MD5s although they look
// like one, so every file would be planned as changed (correct, but
// everything is re-uploaded every night).
//
// Only content is compared: when ContentType or CacheControl change for a
// file whose content did not, the object keeps its old headers until its
// content changes.
package publish
