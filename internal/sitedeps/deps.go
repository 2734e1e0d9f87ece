// Package sitedeps pins the modules of the site milestone (rendering,
// publishing, browser tests) while that work is in progress; it is removed
// once real imports exist.
package sitedeps

import (
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/chromedp/chromedp"
	_ "github.com/goccy/go-graphviz"
	_ "github.com/johannesboyne/gofakes3"
	_ "github.com/johannesboyne/gofakes3/backend/s3mem"
	_ "github.com/k1LoW/tbls/output/md"
	_ "github.com/yuin/goldmark"
)
