export * from "./organizations";
export * from "./platform";
export * from "./identity";
export * from "./membership";
export * from "./mail";
