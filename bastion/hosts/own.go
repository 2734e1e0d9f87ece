package hosts

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/auroradoc/auroradoc/bastion"
)

// openOwn finds or launches r's own host and waits until it is ready. The
// launch token is the grant's id, so a retried Open (a crashed engine's)
// never launches a second host.
func (h *Hosts) openOwn(ctx context.Context, c Cluster, r bastion.Request) (string, error) {
	e, _ := h.clients(c.Region)
	hst, ok, err := find(ctx, e, map[string]string{TagGrant: r.ID})
	if err != nil {
		return "", err
	}
	if !ok {
		hst, err = h.launch(ctx, e, c, "bastion-"+r.ID, map[string]string{
			TagRole: string(ModePerRequest), TagVPC: c.VPC, TagGrant: r.ID, TagRequester: r.Requester,
			TagCluster: r.Cluster, TagExpires: r.End().UTC().Format(time.RFC3339), "Name": "bastion-" + r.ID,
		})
		if err != nil {
			return "", err
		}
	}
	return hst.id, h.ready(ctx, c, hst.id)
}

// closeOwn terminates every live host of r (none is fine).
func (h *Hosts) closeOwn(ctx context.Context, c Cluster, r bastion.Request) error {
	e, _ := h.clients(c.Region)
	for {
		hst, ok, err := find(ctx, e, map[string]string{TagGrant: r.ID})
		if err != nil || !ok {
			return err
		}
		if _, err := e.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{hst.id}}); err != nil {
			return fmt.Errorf("terminating bastion host %s of grant %s: %w", hst.id, r.ID, err)
		}
		h.o.Logger.Info("bastion host terminated", "instance", hst.id, "grant", r.ID)
	}
}
