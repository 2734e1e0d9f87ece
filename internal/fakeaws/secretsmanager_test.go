package fakeaws_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestGetSecretValueFindsTheRegionsSecret(t *testing.T) {
	s := start(t)
	const value = `{"username":"auroradoc","password":"p\"w<&>"}`
	before := time.Now().Add(-time.Second)
	s.PutSecret("us-east-1", "prod/orders/auroradoc", value)
	client := secretsClient(t, s, "us-east-1")
	ctx := testContext(t)

	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/orders/auroradoc")})
	if err != nil {
		t.Fatalf("GetSecretValue: %v", err)
	}
	arn := aws.ToString(out.ARN)
	if aws.ToString(out.SecretString) != value || aws.ToString(out.Name) != "prod/orders/auroradoc" ||
		!strings.HasPrefix(arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/auroradoc-") ||
		len(arn) != len("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/auroradoc-")+6 {
		t.Errorf("got name %q, ARN %q, secret %q", aws.ToString(out.Name), arn, aws.ToString(out.SecretString))
	}
	if out.VersionId == nil || len(out.VersionStages) != 1 || out.VersionStages[0] != "AWSCURRENT" {
		t.Errorf("version %v, stages %v; want an ID and [AWSCURRENT]", out.VersionId, out.VersionStages)
	}
	if out.CreatedDate == nil || out.CreatedDate.Before(before) || out.CreatedDate.After(time.Now().Add(time.Second)) {
		t.Errorf("CreatedDate %v, want about now", out.CreatedDate)
	}
	if got := s.Calls()[0].Params.Get("SecretId"); got != "prod/orders/auroradoc" {
		t.Errorf("recorded SecretId %q", got)
	}

	byARN, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil || aws.ToString(byARN.SecretString) != value {
		t.Errorf("by ARN: %v, %v", err, byARN)
	}

	s.PutSecret("us-east-1", "prod/orders/auroradoc", "rotated")
	rotated, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/orders/auroradoc")})
	if err != nil || aws.ToString(rotated.SecretString) != "rotated" || aws.ToString(rotated.VersionId) == aws.ToString(out.VersionId) {
		t.Errorf("after PutSecret again: %v, %+v; want the new value under a new version", err, rotated)
	}

	var notFound *types.ResourceNotFoundException
	for name, in := range map[string]*secretsmanager.GetSecretValueInput{
		"unknown id":      {SecretId: aws.String("nope")},
		"old stage":       {SecretId: aws.String("prod/orders/auroradoc"), VersionStage: aws.String("AWSPREVIOUS")},
		"unknown version": {SecretId: aws.String("prod/orders/auroradoc"), VersionId: aws.String("00000000-0000-0000-0000-000000000000")},
	} {
		_, err := client.GetSecretValue(ctx, in)
		if !errors.As(err, &notFound) {
			t.Errorf("%s: error %v, want ResourceNotFoundException", name, err)
		} else if notFound.ErrorMessage() == "" {
			t.Errorf("%s: ResourceNotFoundException without a message", name)
		}
	}

	_, err = secretsClient(t, s, "eu-west-1").GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/orders/auroradoc")})
	if !errors.As(err, &notFound) {
		t.Errorf("other region: error %v, want ResourceNotFoundException", err)
	}
}

func TestUnknownSecretsManagerOperation(t *testing.T) {
	s := start(t)
	_, err := secretsClient(t, s, "us-east-1").ListSecrets(testContext(t), &secretsmanager.ListSecretsInput{})
	if code := errorCode(err); code != "UnknownOperationException" {
		t.Errorf("ListSecrets: error %v (code %q), want UnknownOperationException", err, code)
	}
}
