package deps

import (
	_ "github.com/dolthub/go-mysql-server"
	_ "github.com/dolthub/go-mysql-server/memory"
	_ "github.com/dolthub/go-mysql-server/server"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/k1LoW/tbls/config"
	_ "github.com/k1LoW/tbls/drivers/mysql"
	_ "github.com/k1LoW/tbls/output/md"
	_ "github.com/k1LoW/tbls/schema"
	_ "golang.org/x/sync/errgroup"
	_ "gopkg.in/yaml.v3"
)
