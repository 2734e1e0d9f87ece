package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// fakeAWSWithS3 points the AWS SDK chain at a new fakeaws server (see
// useFakeAWS) and its S3 endpoint at a new gofakes3 holding buckets; it
// returns the fake and an S3 client of the test's own.
func fakeAWSWithS3(t *testing.T, buckets ...string) (*fakeaws.Server, *s3.Client) {
	t.Helper()
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	useFakeAWS(t, fake)
	s3srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(s3srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_S3", s3srv.URL)
	client := s3.New(s3.Options{Region: region, BaseEndpoint: aws.String(s3srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKEFLEETTEST", "x", "")})
	for _, b := range buckets {
		if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	return fake, client
}
