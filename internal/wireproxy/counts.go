package wireproxy

import (
	"sync"
	"sync/atomic"
)

// comQuit is the command byte of COM_QUIT, which is not counted as a
// command because it gets no response.
const comQuit = 0x01

// counts tallies client commands.
type counts struct {
	seq atomic.Int64 // every command seen, COM_QUIT included; never reset

	mu     sync.Mutex
	total  int64
	byType map[byte]int64
}

// add records one command and returns its number for OnCommand.
func (c *counts) add(cmd byte) int64 {
	if cmd != comQuit {
		c.mu.Lock()
		c.total++
		if c.byType == nil {
			c.byType = make(map[byte]int64)
		}
		c.byType[cmd]++
		c.mu.Unlock()
	}
	return c.seq.Add(1)
}

func (c *counts) commands() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

func (c *counts) commandsByType() map[byte]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := make(map[byte]int64, len(c.byType))
	for k, v := range c.byType {
		m[k] = v
	}
	return m
}

func (c *counts) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total = 0
	c.byType = nil
}
