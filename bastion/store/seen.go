package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// skSeen is the sort key of a "seen" marker item (pk "SEEN#<key>").
const skSeen = "SEEN"

// Remember records key (a front end's request signature) until until, and
// reports whether it was new: false means it was seen before and is still
// remembered, a replay. It is one conditional put, so two engines (two
// Lambda instances) receiving the same request cannot both accept it. A
// marker past until counts as gone even before DynamoDB's TTL removes it.
func (st *Store) Remember(ctx context.Context, key string, until time.Time) (bool, error) {
	now := time.Now().Unix()
	_, err := st.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(st.table),
		Item: map[string]types.AttributeValue{
			attrPK: s("SEEN#" + key), attrSK: s(skSeen), attrTTL: n(until.Unix()),
		},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR #ttl < :now"),
		ExpressionAttributeNames:  map[string]string{"#ttl": attrTTL},
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(now)},
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remembering a seen request signature: %w", err)
	}
	return true, nil
}
