package review_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/auroradoc/auroradoc/review"
)

// fakeBedrock speaks the Converse wire format (POST
// /model/{modelId}/converse, JSON) and keeps every request body.
type fakeBedrock struct {
	mu     sync.Mutex
	bodies []string
	paths  []string
	answer string
	status int
	delay  time.Duration
}

func (f *fakeBedrock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(body))
	f.paths = append(f.paths, r.URL.EscapedPath())
	f.mu.Unlock()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if f.status != 0 {
		w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
		w.WriteHeader(f.status)
		io.WriteString(w, `{"message":"Too many requests, please wait before trying again."}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": []any{map[string]any{"text": f.answer}}}},
		"stopReason": "end_turn",
		"usage":      map[string]any{"inputTokens": 100, "outputTokens": 20, "totalTokens": 120},
		"metrics":    map[string]any{"latencyMs": 5},
	})
}

func bedrockClient(url string) *bedrockruntime.Client {
	return bedrockruntime.New(bedrockruntime.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1,
	})
}

// TestLLMSeesSchemaTextOnly: the model gets the migration, the findings and
// the DDL of the affected tables, credentials redacted; never variables,
// never settings' values.
func TestLLMSeesSchemaTextOnly(t *testing.T) {
	p := ordersPrd(t, "eu-west-1/orders-prd").snap
	p.Variables["init_connect"] = "SET @token='hunter2-variable'"
	for _, tb := range p.Schemas[0].Tbls.Tables {
		if tb.Name == "purchase_order" {
			tb.Def = strings.Replace(tb.Def, "ENGINE=InnoDB", "ENGINE=InnoDB COMMENT='sync via mysql://app:hunter2-ddl@replica:3306/shop'", 1)
		}
	}
	st := fleetStore(t, p)
	fb := &fakeBedrock{answer: "- Consider backfilling `channel` in batches."}
	srv := httptest.NewServer(fb)
	defer srv.Close()
	mig := migration(t, "ALTER TABLE purchase_order ADD COLUMN channel VARCHAR(20) NOT NULL DEFAULT 'web';\nCREATE USER reporter IDENTIFIED BY 'hunter2-migration';")
	res, err := review.Run(context.Background(), review.Options{Store: st, Targets: "*", Schema: "shop", Migration: mig,
		LLM: &review.LLM{Client: bedrockClient(srv.URL), ModelID: "anthropic.claude-test"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Comment == nil || res.Comment.Text != fb.answer || res.Comment.Error != "" {
		t.Fatalf("comment = %+v", res.Comment)
	}
	if len(fb.bodies) != 1 || fb.paths[0] != "/model/anthropic.claude-test/converse" {
		t.Fatalf("requests: %q", fb.paths)
	}
	body := fb.bodies[0]
	for _, want := range []string{"ADD COLUMN channel", "CREATE TABLE `purchase_order`", "INSTANT on Aurora MySQL 3.05.2"} {
		if !strings.Contains(body, want) {
			t.Errorf("the prompt lacks %q", want)
		}
	}
	for _, leak := range []string{"hunter2", "31536000", "134217728", "67108864", "init_connect", "CREATE TABLE `customer`"} {
		if strings.Contains(body, leak) {
			t.Errorf("the prompt holds %q: %s", leak, body)
		}
	}
	var md strings.Builder
	if err := review.Write(&md, res, "markdown"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "Comment by a language model (Amazon Bedrock, `anthropic.claude-test`)") || !strings.Contains(md.String(), "> - Consider backfilling") {
		t.Errorf("markdown comment section:\n%s", md.String())
	}
}

// TestLLMFailureNeverFailsTheReview: an error or a timeout is reported.
func TestLLMFailureNeverFailsTheReview(t *testing.T) {
	st := fleetStore(t, ordersPrd(t, "eu-west-1/orders-prd").snap)
	mig := migration(t, "ALTER TABLE purchase_order ADD COLUMN channel VARCHAR(20) NULL;")
	for name, fb := range map[string]*fakeBedrock{
		"throttled": {status: http.StatusTooManyRequests},
		"timeout":   {delay: 5 * time.Second, answer: "late"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(fb)
			defer srv.Close()
			res, err := review.Run(context.Background(), review.Options{Store: st, Targets: "*", Schema: "shop", Migration: mig,
				LLM: &review.LLM{Client: bedrockClient(srv.URL), ModelID: "m", Timeout: 300 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Comment == nil || res.Comment.Error == "" || res.Comment.Text != "" {
				t.Fatalf("comment = %+v", res.Comment)
			}
			if code := res.ExitCode(nil); code != 0 {
				t.Errorf("exit code %d: a failed model call must not fail the review", code)
			}
			var txt strings.Builder
			review.Write(&txt, res, "text")
			if !strings.Contains(txt.String(), "no comment: asking m on Bedrock") {
				t.Errorf("text report:\n%s", txt.String())
			}
		})
	}
}
