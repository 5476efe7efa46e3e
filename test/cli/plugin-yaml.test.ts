import { languageLifecycle } from "./kit/languages";

languageLifecycle("yaml");
