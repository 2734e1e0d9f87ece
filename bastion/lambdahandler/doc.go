// Package lambdahandler turns the bastion Lambda's invocations into work:
// a Function URL request is served by the front end's http.Handler (the
// Slack app), a scheduler event runs the engine's sweep for one grant (a
// timer) or for every request (the periodic safety net).
package lambdahandler
