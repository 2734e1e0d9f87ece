package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/snapshot"
)

// LLM asks a model on Amazon Bedrock (Converse API) for a review comment.
// Only schema text leaves the process: the migration, the findings, and the
// DDL and comments of the tables the migration touches (and the views on
// them), credentials redacted — never rows, never variables.
type LLM struct {
	Client  *bedrockruntime.Client
	ModelID string
	// Timeout bounds the call (default 60 s); MaxTokens the answer
	// (default 1024).
	Timeout   time.Duration
	MaxTokens int32
}

// NewBedrock returns the LLM of review.llm (nil for nil), with a Bedrock
// client from the standard AWS chain.
func NewBedrock(ctx context.Context, c *config.LLM, logger *slog.Logger) (*LLM, error) {
	if c == nil {
		return nil, nil
	}
	cfg, err := awsconfig.Load(ctx, 3, logger)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration for Bedrock: %w", err)
	}
	if c.Region != "" {
		cfg.Region = c.Region
	}
	return &LLM{Client: bedrockruntime.NewFromConfig(cfg), ModelID: c.ModelID, Timeout: c.Timeout, MaxTokens: int32(c.MaxTokens)}, nil
}

// Comment is the model's answer, or why there is none. A failed call never
// fails the review.
type Comment struct {
	Model string `json:"model"`
	Text  string `json:"text,omitempty"`
	Error string `json:"error,omitempty"`
}

// systemPrompt frames the model's task.
const systemPrompt = `You review a MySQL schema migration for a database reliability team. You get the migration, the changes and risks an automated review found, and the current DDL of the affected tables. Answer in Markdown, at most 12 bullet points: what could go wrong in production that the automated findings miss, and what to change. Do not repeat the findings. Say "No further comments." if you have none.`

func (l *LLM) comment(ctx context.Context, r *Result, o Options) *Comment {
	c := &Comment{Model: l.ModelID}
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	maxTokens := l.MaxTokens
	if maxTokens <= 0 {
		maxTokens = 1024
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	prompt, err := promptOf(ctx, r, o)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	out, err := l.Client.Converse(ctx, &bedrockruntime.ConverseInput{
		ModelId: aws.String(l.ModelID),
		System:  []types.SystemContentBlock{&types.SystemContentBlockMemberText{Value: systemPrompt}},
		Messages: []types.Message{{
			Role:    types.ConversationRoleUser,
			Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: prompt}},
		}},
		InferenceConfig: &types.InferenceConfiguration{MaxTokens: aws.Int32(maxTokens), Temperature: aws.Float32(0)},
	})
	if err != nil {
		c.Error = fmt.Sprintf("asking %s on Bedrock: %v", l.ModelID, err)
		return c
	}
	msg, ok := out.Output.(*types.ConverseOutputMemberMessage)
	if !ok {
		c.Error = "Bedrock answered without a message"
		return c
	}
	var b strings.Builder
	for _, part := range msg.Value.Content {
		if t, ok := part.(*types.ContentBlockMemberText); ok {
			b.WriteString(t.Value)
		}
	}
	c.Text = strings.TrimSpace(b.String())
	if c.Text == "" {
		c.Error = "Bedrock answered with no text"
	}
	return c
}

// promptOf builds the user message: schema text only, redacted.
func promptOf(ctx context.Context, r *Result, o Options) (string, error) {
	var b strings.Builder
	b.WriteString("## Migration\n\n```sql\n")
	for _, st := range r.Statements {
		b.WriteString(collector.RedactSecrets(st.Text) + ";\n")
	}
	b.WriteString("```\n\n## Automated findings\n\n")
	seen := map[string]bool{}
	for _, f := range slices.Concat(r.Report.Changes, r.Report.State) {
		if f.ObjectType == "variable" || f.ObjectType == "parameter" {
			continue // settings' values stay in the process
		}
		line := "- " + collector.RedactSecrets(f.Message)
		if !seen[line] {
			seen[line] = true
			b.WriteString(line + "\n")
		}
	}
	ddl, err := affectedDDL(ctx, r, o)
	if err != nil {
		return "", err
	}
	b.WriteString("\n## Current DDL of the affected tables\n\n```sql\n" + ddl + "```\n")
	return b.String(), nil
}

// affectedDDL is the DDL (with comments) of the tables the migration names
// and of the views that read them, from the first reviewed target.
func affectedDDL(ctx context.Context, r *Result, o Options) (string, error) {
	var sc *snapshot.Schema
	for _, f := range r.Report.State {
		if f.Kind != "risk" || f.ObjectType != "table" {
			continue
		}
		set := o.Set
		if set == "" {
			id, err := o.Store.Latest(ctx)
			if err != nil {
				return "", err
			}
			set = id
		}
		s, err := o.Store.Snapshot(ctx, set, f.Target)
		if err != nil {
			return "", err
		}
		if sc, err = pickSchema(s, o.Schema); err != nil {
			return "", err
		}
		break
	}
	if sc == nil || sc.Tbls == nil {
		return "", errors.New("no reviewed schema to describe")
	}
	names := map[string]bool{}
	for _, st := range r.Statements {
		op := Parse(st)
		for _, t := range op.Tables {
			names[strings.ToLower(t)] = true
		}
		for _, rn := range op.Renames {
			names[strings.ToLower(rn.From)] = true
		}
	}
	var b strings.Builder
	for _, t := range sc.Tbls.Tables {
		use := names[strings.ToLower(t.Name)]
		if !use && t.Type == "VIEW" {
			for n := range names {
				use = use || mentions(t.Def, n, "")
			}
		}
		if use && t.Def != "" {
			b.WriteString(collector.RedactSecrets(t.Def) + ";\n\n")
		}
	}
	return b.String(), nil
}
