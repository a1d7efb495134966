import { createContext, useContext } from "react";

/** The per-response CSP nonce: set by entry.server, read by root for <Scripts>. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
