import { languageLifecycle } from "./kit/languages";

languageLifecycle("go");
