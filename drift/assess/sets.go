package assess

import (
	"context"
	"fmt"
	"slices"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Sets reads the manifests of the two sets a comparison is between. toID
// defaults to the latest complete set, fromID to the set just before
// toID. The errors say what to do when the store holds a single set.
func Sets(ctx context.Context, st *snapshot.Store, fromID, toID string) (from, to *snapshot.Manifest, err error) {
	ids, err := st.Sets(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("%w %s", snapshot.ErrNoSets, st)
	}
	if toID == "" {
		toID = ids[len(ids)-1]
	}
	if to, err = st.Manifest(ctx, toID); err != nil {
		return nil, nil, err
	}
	if fromID == "" {
		i := slices.Index(ids, toID)
		if i <= 0 {
			if len(ids) == 1 {
				return nil, nil, fmt.Errorf("store %s holds one snapshot set (%s): nothing to compare it with (crawl again, or give --baseline FILE)", st, toID)
			}
			return nil, nil, fmt.Errorf("no snapshot set before %s in %s to compare it with (give --from SET)", toID, st)
		}
		fromID = ids[i-1]
	}
	if from, err = st.Manifest(ctx, fromID); err != nil {
		return nil, nil, err
	}
	return from, to, nil
}

// Set reads the manifest of set id, or of the latest complete set when id
// is empty.
func Set(ctx context.Context, st *snapshot.Store, id string) (*snapshot.Manifest, error) {
	if id == "" {
		var err error
		if id, err = st.Latest(ctx); err != nil {
			return nil, err
		}
	}
	return st.Manifest(ctx, id)
}
