package hosts

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/auroradoc/auroradoc/bastion"
)

// The warm host of a VPC is shared by its grants. Start and stop are
// race-safe across engines without a lock service: a grant is in the
// store (approved and claimed for provisioning) before its Open starts the
// host, and Close re-reads the store after stopping the host; so either
// the closing engine sees the new grant and starts the host again, or the
// new grant's Open starts it after the stop. In one process the VPC's lock
// also serialises them.

// openWarm finds (or launches, once) the warm host of c's VPC, starts it
// when it is stopped, and waits until it is ready.
func (h *Hosts) openWarm(ctx context.Context, c Cluster, r bastion.Request) (string, error) {
	l := h.vpcLock(c)
	l.Lock()
	defer l.Unlock()
	e, _ := h.clients(c.Region)
	hst, ok, err := find(ctx, e, warmTags(c))
	if err != nil {
		return "", err
	}
	if !ok {
		tags := warmTags(c)
		tags["Name"] = "bastion-warm-" + c.VPC
		if hst, err = h.launch(ctx, e, c, "bastion-warm-"+c.VPC, tags); err != nil {
			return "", err
		}
	}
	h.o.Logger.Info("warm bastion host opened", "instance", hst.id, "vpc", c.VPC, "state", hst.state, "grant", r.ID)
	return hst.id, h.ready(ctx, c, hst.id)
}

func warmTags(c Cluster) map[string]string {
	return map[string]string{TagRole: string(ModeWarm), TagVPC: c.VPC}
}

// closeWarm stops the warm host of c's VPC unless another grant of the
// VPC still needs it; after stopping it, it looks again and starts it
// when a grant began meanwhile.
func (h *Hosts) closeWarm(ctx context.Context, c Cluster, r bastion.Request) error {
	l := h.vpcLock(c)
	l.Lock()
	defer l.Unlock()
	n, err := h.needing(ctx, c, r.ID)
	if err != nil || n > 0 {
		if n > 0 {
			h.o.Logger.Info("warm bastion host kept running", "vpc", c.VPC, "grants", n, "grant", r.ID)
		}
		return err
	}
	e, _ := h.clients(c.Region)
	hst, ok, err := find(ctx, e, warmTags(c))
	if err != nil || !ok {
		return err
	}
	if hst.state == types.InstanceStateNamePending {
		// EC2 cannot stop a pending instance: let it come up first.
		if err := h.ready(ctx, c, hst.id); err != nil {
			return err
		}
	}
	if hst.state != types.InstanceStateNameStopped {
		if _, err := e.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{hst.id}}); err != nil {
			return fmt.Errorf("stopping warm bastion host %s of %s: %w", hst.id, c.VPC, err)
		}
		h.o.Logger.Info("warm bastion host stopped", "instance", hst.id, "vpc", c.VPC, "grant", r.ID)
	}
	// A grant that began while this one was closing may have found the
	// host running and be using it now.
	if n, err = h.needing(ctx, c, r.ID); err != nil || n == 0 {
		return err
	}
	h.o.Logger.Warn("warm bastion host started again: a grant began while it was stopping", "instance", hst.id, "vpc", c.VPC, "grants", n)
	return h.ready(ctx, c, hst.id)
}

// needing counts the grants other than except whose cluster is in c's VPC
// and that need its host: active, warned, or approved and being
// provisioned.
func (h *Hosts) needing(ctx context.Context, c Cluster, except string) (int, error) {
	rs, err := h.o.Grants.List(ctx, bastion.StateApproved, bastion.StateActive, bastion.StateWarned)
	if err != nil {
		return 0, fmt.Errorf("listing the grants that may need the warm host of %s: %w", c.VPC, err)
	}
	n := 0
	for _, g := range rs {
		if g.ID == except || (g.State == bastion.StateApproved && g.Provisioning.IsZero()) {
			continue
		}
		if gc, ok := h.o.Clusters(g.Cluster); ok && gc.Region == c.Region && gc.VPC == c.VPC {
			n++
		}
	}
	return n, nil
}
