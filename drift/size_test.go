package drift

import (
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

func TestCompareSizes(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	const MiB = 1 << 20
	tests := []struct {
		name     string
		from, to int64 // data+index bytes of shop.orders
		opts     Options
		want     []Finding
	}{
		{name: "unchanged", from: 1000 * MiB, to: 1000 * MiB},
		{name: "19.99% of a large table: below the percentage", from: 10000 * MiB, to: 11999 * MiB},
		{
			name: "exactly 20% and exactly 64 MiB: reported", from: 320 * MiB, to: 384 * MiB,
			want: []Finding{{Target: target, Kind: KindSize, Change: Changed, ObjectType: "table", Object: "shop.orders", Field: "bytes",
				From: "335544320", To: "402653184", Severity: SeverityInfo,
				Message: target + ": table shop.orders grew 320.0 MiB → 384.0 MiB (+20.0%)"}},
		},
		{name: "one byte under 64 MiB: not reported", from: 100 * MiB, to: 164*MiB - 1},
		{name: "tiny table doubling: not reported", from: 16384, to: 32768},
		{
			name: "shrank", from: 2048 * MiB, to: 1024 * MiB,
			want: []Finding{{Target: target, Kind: KindSize, Change: Changed, ObjectType: "table", Object: "shop.orders", Field: "bytes",
				From: "2147483648", To: "1073741824", Severity: SeverityInfo,
				Message: target + ": table shop.orders shrank 2.0 GiB → 1.0 GiB (-50.0%)"}},
		},
		{
			name: "from empty", from: 0, to: 100 * MiB,
			want: []Finding{{Target: target, Kind: KindSize, Change: Changed, ObjectType: "table", Object: "shop.orders", Field: "bytes",
				From: "0", To: "104857600", Severity: SeverityInfo,
				Message: target + ": table shop.orders grew 0 B → 100.0 MiB (from empty)"}},
		},
		{name: "disabled", from: 100 * MiB, to: 1000 * MiB, opts: Options{SizeGrowthPct: -1}},
		{
			name: "own thresholds, no minimum", from: 1000, to: 1100, opts: Options{SizeGrowthPct: 10, SizeMinBytes: -1},
			want: []Finding{{Target: target, Kind: KindSize, Change: Changed, ObjectType: "table", Object: "shop.orders", Field: "bytes",
				From: "1000", To: "1100", Severity: SeverityInfo,
				Message: target + ": table shop.orders grew 1000 B → 1.1 KiB (+10.0%)"}},
		},
		{name: "own thresholds, just under", from: 1000, to: 1099, opts: Options{SizeGrowthPct: 10, SizeMinBytes: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mk := func(total int64) *snapshot.Snapshot {
				s := auroraSnap(target)
				s.Schemas = []*snapshot.Schema{{Name: "shop", Tables: []*snapshot.TableInfo{
					{Name: "orders", Type: "BASE TABLE", DataLength: total - total/4, IndexLength: total / 4},
					{Name: "steady", Type: "BASE TABLE", DataLength: 5 << 30},
				}}}
				return s
			}
			from, to := mk(tt.from), mk(tt.to)
			checkFindings(t, Compare(from, to, tt.opts), tt.want)
		})
	}
}
