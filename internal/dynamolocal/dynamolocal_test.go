package dynamolocal

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestStart: the emulator answers the real client, and two run side by
// side, each with its own tables.
func TestStart(t *testing.T) {
	ctx := context.Background()
	a, b := Start(t), Start(t)
	if a.Endpoint == b.Endpoint {
		t.Fatalf("both on %s", a.Endpoint)
	}
	_, err := a.Client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("things"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("k"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("k"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	for srv, want := range map[*Server]int{a: 1, b: 0} {
		out, err := srv.Client.ListTables(ctx, &dynamodb.ListTablesInput{})
		if err != nil || len(out.TableNames) != want {
			t.Errorf("%s: tables %v, %v; want %d", srv.Endpoint, out, err, want)
		}
	}
}
