export * from "./organizations";
export * from "./platform";
