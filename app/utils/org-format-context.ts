import { createContext, useContext } from "react";
import { DEFAULT_ORG_FORMAT, type OrgFormat } from "./org-format";

/** How the active organization writes dates and times; the root route provides it from the session. */
export const OrgFormatContext = createContext<OrgFormat>(DEFAULT_ORG_FORMAT);

export const useOrgFormat = () => useContext(OrgFormatContext);
