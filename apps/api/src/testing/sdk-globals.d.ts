// @orphelix/sdk is written for fetch in browsers and Node (the DOM lib); the API compiles with Node's
// types only, which have fetch's globals but not this alias the generated client names.
type BodyInit = NonNullable<RequestInit['body']>;
